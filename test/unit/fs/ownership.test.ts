/**
 * The ownership rules of issue 26 as pure functions of (uid, mode), so they are checked on any
 * machine (the integration tests that chown files to a second user need root).
 */
import { describe, expect, it } from "vitest";
import { foreignOwner, ownerName, untrustedEntry, untrustedFile, untrustedFolder } from "../../../src/fs/ownership.js";

const ME = 1000;
const OTHER = 65534;

describe("ownership is trust", () => {
  it("a config file: yours or root's, and not world-writable (group-writable is fine)", () => {
    expect(untrustedFile({ uid: ME, mode: 0o100644 }, ME)).toBeUndefined();
    expect(untrustedFile({ uid: ME, mode: 0o100664 }, ME)).toBeUndefined();
    expect(untrustedFile({ uid: 0, mode: 0o100644 }, ME)).toBeUndefined();
    expect(untrustedFile({ uid: OTHER, mode: 0o100600 }, ME)).toMatch(/^it is owned by .*uid 65534.*, not by you$/);
    expect(untrustedFile({ uid: ME, mode: 0o100666 }, ME)).toBe("any user may write it (mode 0666)");
  });

  it("a folder on the config search: yours or root's; world-writable only with the sticky bit", () => {
    expect(untrustedFolder({ uid: 0, mode: 0o41777 }, ME)).toBeUndefined(); // /tmp
    expect(untrustedFolder({ uid: ME, mode: 0o40755 }, ME)).toBeUndefined();
    expect(untrustedFolder({ uid: ME, mode: 0o40777 }, ME)).toMatch(/no sticky bit/);
    expect(untrustedFolder({ uid: OTHER, mode: 0o40755 }, ME)).toMatch(/owned by .*not by you/);
  });

  it("a cache entry: another user's or one anyone may write is refused; root's is served", () => {
    expect(untrustedEntry({ uid: ME, mode: 0o100600 }, ME)).toBeUndefined();
    expect(untrustedEntry({ uid: 0, mode: 0o100644 }, ME)).toBeUndefined();
    expect(untrustedEntry({ uid: OTHER, mode: 0o100644 }, ME)).toMatch(/^owned by .*, not by you$/);
    expect(untrustedEntry({ uid: ME, mode: 0o100606 }, ME)).toMatch(/any user may write it/);
    // Root reads another user's entry as untrusted too: they could have forged it.
    expect(untrustedEntry({ uid: OTHER, mode: 0o100600 }, 0)).toMatch(/not by you/);
  });

  it("a cache root another user owns is foreign; root's and yours are not", () => {
    expect(foreignOwner({ uid: OTHER }, ME)).toMatch(/owned by/);
    expect(foreignOwner({ uid: 0 }, ME)).toBeUndefined();
    expect(foreignOwner({ uid: ME }, ME)).toBeUndefined();
  });

  it("names an owner by /etc/passwd when it can, else by uid", () => {
    expect(ownerName(0)).toMatch(/^(root \(uid 0\)|uid 0)$/);
    expect(ownerName(4_000_000_000)).toBe("uid 4000000000");
  });
});

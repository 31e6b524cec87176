import { describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { isSsoProfile, loadSharedConfig, parseIni } from "../../../src/aws/config-files.js";
import { makeTempDir, removeTempDir } from "../../helpers/temp-dir.js";

describe("shared config reader", () => {
  it("reads [profile x] and [default] from config and [x] from credentials, config winning", () => {
    const dir = makeTempDir("ini");
    try {
      writeFileSync(
        join(dir, "config"),
        "[default]\nregion = us-east-1\n\n[profile dev]\nregion=eu-west-1\nendpoint_url = http://127.0.0.1:5000\ns3 =\n  max_concurrency = 10\n[sso-session corp]\nsso_region = us-east-1\n[profile sso]\nsso_session = corp\n",
      );
      writeFileSync(
        join(dir, "credentials"),
        "[dev]\naws_access_key_id = AKIA\nregion = ap-south-1\n[ci]\naws_access_key_id = X\n",
      );
      const config = loadSharedConfig({
        AWS_CONFIG_FILE: join(dir, "config"),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials"),
        HOME: dir,
      });
      expect([...config.profiles.keys()].sort()).toEqual(["ci", "default", "dev", "sso"]);
      expect(config.profiles.get("dev")).toMatchObject({
        region: "eu-west-1",
        endpoint_url: "http://127.0.0.1:5000",
        aws_access_key_id: "AKIA",
      });
      expect(config.profiles.get("dev")).not.toHaveProperty("max_concurrency");
      expect(isSsoProfile(config.profiles.get("sso"))).toBe(true);
      expect(isSsoProfile(config.profiles.get("dev"))).toBe(false);
    } finally {
      removeTempDir(dir);
    }
  });

  it("ignores comments and lines outside sections; missing files are empty", () => {
    expect([...parseIni("# c\nkey=v\n; x\n[a]\nk = v # not a comment in values\n").entries()]).toEqual([
      ["a", { k: "v # not a comment in values" }],
    ]);
    expect(
      loadSharedConfig({
        AWS_CONFIG_FILE: "/nonexistent/x",
        AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/y",
        HOME: "/nonexistent",
      }).profiles.size,
    ).toBe(0);
  });
});

describe("redactUrl", () => {
  it("hides the password of an endpoint URL and keeps the rest", async () => {
    const { redactUrl } = await import("../../../src/aws/config-files.js");
    expect(redactUrl("http://user:hunter2@127.0.0.1:4566/x")).toBe("http://user:***@127.0.0.1:4566/x");
    expect(redactUrl("https://host.example:443")).toBe("https://host.example:443");
  });
});

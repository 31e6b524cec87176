/**
 * A small reader for the AWS CLI's shared config and credentials files.
 *
 * The SDK reads these too, but loading it costs hundreds of milliseconds. awstriage needs the
 * profile's region (to find the cache file) and whether the profile exists before it decides
 * whether any AWS call is needed at all, so it reads the two INI files itself.
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { fail } from "../errors/errors.js";

export type ProfileSettings = Record<string, string>;

export interface SharedConfig {
  configFile: string;
  credentialsFile: string;
  profiles: Map<string, ProfileSettings>;
  /** `[services NAME]` sections, their nested keys as `ec2.endpoint_url` (see sdk-settings.ts). */
  services: Map<string, ProfileSettings>;
}

export function parseIni(text: string): Map<string, ProfileSettings> {
  const sections = new Map<string, ProfileSettings>();
  let current: ProfileSettings | undefined;
  let lastKey: string | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/^\s+$/, "");
    if (/^\s*[#;]/.test(line) || line.trim() === "") continue;
    const section = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (section?.[1] !== undefined) {
      const name = section[1].trim();
      current = sections.get(name) ?? {};
      sections.set(name, current);
      lastKey = undefined;
      continue;
    }
    if (current === undefined) continue;
    const eq = line.indexOf("=");
    if (eq < 0) continue;
    // Indented lines continue a nested block (`ec2 =` followed by `  endpoint_url = …`): kept
    // as `ec2.endpoint_url`, which is how a `[services x]` section names a service's endpoint.
    if (/^\s/.test(line) && lastKey !== undefined) {
      current[`${lastKey}.${line.slice(0, eq).trim()}`] = line.slice(eq + 1).trim();
      continue;
    }
    lastKey = line.slice(0, eq).trim();
    current[lastKey] = line.slice(eq + 1).trim();
  }
  return sections;
}

function readOptional(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

export function loadSharedConfig(env: NodeJS.ProcessEnv = process.env): SharedConfig {
  const home = env.HOME ?? homedir();
  const configFile = env.AWS_CONFIG_FILE || join(home, ".aws", "config");
  const credentialsFile = env.AWS_SHARED_CREDENTIALS_FILE || join(home, ".aws", "credentials");
  const profiles = new Map<string, ProfileSettings>();
  const services = new Map<string, ProfileSettings>();
  for (const [section, settings] of parseIni(readOptional(configFile))) {
    const servicesName = /^services\s+(.+)$/.exec(section)?.[1]?.trim();
    if (servicesName !== undefined) services.set(servicesName, settings);
    // In the config file, profiles are `[profile name]` except `[default]`; `[sso-session x]`
    // and `[services x]` sections are not profiles.
    const name = section === "default" ? "default" : /^profile\s+(.+)$/.exec(section)?.[1]?.trim();
    if (name !== undefined) profiles.set(name, { ...profiles.get(name), ...settings });
  }
  for (const [section, settings] of parseIni(readOptional(credentialsFile))) {
    profiles.set(section, { ...settings, ...profiles.get(section) });
  }
  return { configFile, credentialsFile, profiles, services };
}

/** True when the profile signs in through IAM Identity Center (the fix for expiry is `aws sso login`). */
export function isSsoProfile(settings: ProfileSettings | undefined): boolean {
  return settings !== undefined && ("sso_session" in settings || "sso_start_url" in settings);
}

/** An endpoint URL as it may appear in a message: a password in it is never shown. */
export function redactUrl(value: string): string {
  return value.replace(/(\/\/[^/@:\s]*):[^/@\s]*@/, "$1:***@");
}

/** Refuses an endpoint URL that is not http(s)://host (exit 3, naming the value and where it came from). */
export function checkEndpointUrl(value: string, source: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:") || url.hostname === "")
    throw fail("BadEndpointUrl", { value: redactUrl(value), source });
  return value;
}

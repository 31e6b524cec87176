/**
 * The logger handed to the AWS SDK's own code (the credential chain), so what it says reaches
 * stderr through awstriage's logger, one line, above the progress line: the SDK otherwise
 * calls `console.warn` with multi-line text ("Multiple credential sources detected" when
 * AWS_PROFILE and exported keys are both set) that breaks the progress line and the layout.
 */
import type { Logger } from "../output/log.js";

/** The shape of the SDK's logger (@smithy/types Logger). */
export interface SdkLogger {
  trace(...content: unknown[]): void;
  debug(...content: unknown[]): void;
  info(...content: unknown[]): void;
  warn(...content: unknown[]): void;
  error(...content: unknown[]): void;
}

/** The SDK's text on one line, without its package-and-function lead (`@aws-sdk/x - f WARNING:`). */
export function sdkText(content: readonly unknown[]): string {
  return content
    .map((c) => (typeof c === "string" ? c : c instanceof Error ? c.message : JSON.stringify(c)))
    .join(" ")
    .replace(/^@aws-sdk\/\S+ - \S+ (WARNING|ERROR):?/i, "")
    .replace(/\s+/g, " ")
    .trim();
}

export function sdkLogger(log: Logger): SdkLogger {
  // The chain says much at debug level (each provider it tries): debug stays debug.
  return {
    trace: (...content) => log.trace(`aws sdk: ${sdkText(content)}`),
    debug: (...content) => log.debug(`aws sdk: ${sdkText(content)}`),
    info: (...content) => log.debug(`aws sdk: ${sdkText(content)}`),
    warn: (...content) => log.warn(`aws sdk: ${sdkText(content)}`),
    error: (...content) => log.warn(`aws sdk: ${sdkText(content)}`),
  };
}

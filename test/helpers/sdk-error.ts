/**
 * The one way tests make an AWS SDK service error. awstriage classifies them by name and
 * HTTP status (never by message), so those are what a test chooses.
 */
import type { ResponseMetadata } from "@aws-sdk/types";

interface ServiceExceptionFields {
  name: string;
  $fault: "client" | "server";
  $metadata: ResponseMetadata;
  message: string;
}

export interface SdkErrorOptions {
  message?: string;
  /** A service's exception class (e.g. EC2ServiceException) to get a real SDK instance; else a plain Error. */
  service?: new (
    fields: ServiceExceptionFields,
  ) => Error;
  /** More response metadata (request id, attempts) beside the status. */
  metadata?: Omit<ResponseMetadata, "httpStatusCode">;
}

/** An error as the SDK raises it for HTTP `httpStatusCode`; a string third argument is the message. */
export function sdkError(name: string, httpStatusCode: number, options: string | SdkErrorOptions = {}): Error {
  const {
    message = `${name} (test)`,
    service,
    metadata,
  } = typeof options === "string" ? { message: options } : options;
  const fields: ServiceExceptionFields = {
    name,
    $fault: httpStatusCode >= 500 ? "server" : "client",
    $metadata: { ...metadata, httpStatusCode },
    message,
  };
  if (service !== undefined) return new service(fields);
  const { message: _, ...rest } = fields;
  return Object.assign(new Error(message), rest);
}

// Preloaded with NODE_OPTIONS=--import=<this file>: any attempt to load an @aws-sdk module
// fails loudly, so a test can prove a command never loads the AWS SDK.
import { register } from "node:module";

const hook = `export async function resolve(specifier, context, next) {
  if (specifier.startsWith("@aws-sdk/")) throw new Error("AWS SDK module loaded: " + specifier);
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);

// Preloaded with NODE_OPTIONS=--import=<this file>: any attempt to load AWS SDK code fails loudly,
// so a test can prove a command never loads the AWS SDK. scripts/build.mjs bundles the SDK into
// chunks of dist/, so besides `@aws-sdk/*` specifiers this refuses the chunks that dist/meta.json
// (esbuild's metafile) says hold SDK code.
import { readFileSync } from "node:fs";
import { register } from "node:module";

const root = new URL("../../", import.meta.url);
let sdkChunks = [];
try {
  const meta = JSON.parse(readFileSync(new URL("dist/meta.json", root), "utf8"));
  sdkChunks = Object.entries(meta.outputs)
    .filter(([, output]) => Object.keys(output.inputs).some((input) => /node_modules\/@(aws-sdk|smithy)\//.test(input)))
    .map(([file]) => new URL(file, root).href);
} catch {
  // not built: only specifiers can be checked
}

const hook = `const sdk = new Set(${JSON.stringify(sdkChunks)});
export async function resolve(specifier, context, next) {
  if (specifier.startsWith("@aws-sdk/")) throw new Error("AWS SDK module loaded: " + specifier);
  const result = await next(specifier, context);
  if (sdk.has(result.url)) throw new Error("AWS SDK module loaded: " + result.url);
  return result;
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);

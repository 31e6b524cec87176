/**
 * docs/records.md, the reference of every command's record fields, is generated here from the
 * record types themselves (names, types and doc comments, read with the TypeScript compiler),
 * in the order and selection of src/help/record-fields.ts, which the type checker holds to the
 * same types. A changed type fails this test until the file is regenerated:
 *
 *   npx vitest run --config test/vitest.config.ts test/unit/help/records-doc.test.ts -u
 */
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { RECORD_FIELDS } from "../../../src/help/record-fields.js";
import { renderSourceTable } from "../../helpers/source-table.js";

const ENTRY = fileURLToPath(new URL("../../../src/help/record-fields.ts", import.meta.url));

interface FieldDoc {
  type: string;
  doc: string;
}

/** Every exported interface and type alias the record-fields module reaches, by name. */
function recordTypes(): Map<string, Map<string, FieldDoc>> {
  const program = ts.createProgram([ENTRY], { strict: true, module: ts.ModuleKind.NodeNext, noEmit: true });
  const checker = program.getTypeChecker();
  const types = new Map<string, Map<string, FieldDoc>>();
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile) continue;
    for (const statement of file.statements) {
      if (!ts.isInterfaceDeclaration(statement) && !ts.isTypeAliasDeclaration(statement)) continue;
      const type = checker.getTypeAtLocation(statement.name);
      const fields = new Map<string, FieldDoc>();
      for (const property of checker.getPropertiesOfType(type)) {
        fields.set(property.getName(), {
          type: typeText(property, statement, checker),
          doc: ts.displayPartsToString(property.getDocumentationComment(checker)).replace(/\s+/g, " ").trim(),
        });
      }
      types.set(statement.name.text, fields);
    }
  }
  return types;
}

/**
 * The type as written where the field is declared (`string | null`), so the text does not
 * depend on the order in which the checker happened to meet the types (its union order does);
 * a named union of literals is spelled out with its members sorted, for the same reason.
 */
function typeText(property: ts.Symbol, at: ts.Node, checker: ts.TypeChecker): string {
  const declaration = property.valueDeclaration;
  const type = checker.getTypeOfSymbolAtLocation(property, at);
  const written =
    declaration !== undefined && ts.isPropertySignature(declaration) && declaration.type !== undefined
      ? declaration.type.getText().replace(/\s+/g, " ")
      : undefined;
  // A named union of literals (`Severity`, `Change`) is spelled out, its members sorted.
  const named = written === undefined || /^[A-Z]\w*( \| null)?$/.test(written);
  if (named && type.isUnion() && type.types.some((t) => t.isLiteral())) {
    const members = type.types.map((t) => checker.typeToString(t)).sort();
    return [...members.filter((m) => m !== "null"), ...members.filter((m) => m === "null")].join(" | ");
  }
  return written ?? checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation);
}

const cell = (text: string) => text.replace(/\|/g, "\\|");

function renderReference(types: Map<string, Map<string, FieldDoc>>): string {
  const out = [
    "# Record fields",
    "",
    "What each command prints, one record per line of `-o ndjson` (or per element of `-o json`).",
    "Every record carries `account` and `region`; timestamps are ISO-8601 UTC strings; `null`",
    "means AWS did not say. `--raw` prints AWS's own items instead.",
    "",
    "<!-- Generated from the record types by test/unit/help/records-doc.test.ts; do not edit by hand.",
    "     Regenerate: npx vitest run --config test/vitest.config.ts test/unit/help/records-doc.test.ts -u -->",
  ];
  for (const [command, spec] of Object.entries(RECORD_FIELDS)) {
    const fields = types.get(spec.type);
    if (fields === undefined) throw new Error(`record type ${spec.type} (of ${command}) not found`);
    out.push("", `## \`awstriage ${command}\` (${spec.type})`, "");
    if (spec.note !== undefined) out.push(`${spec.note[0]?.toUpperCase()}${spec.note.slice(1)}.`, "");
    out.push("| field | type | meaning |", "| --- | --- | --- |");
    for (const name of spec.fields) {
      const field = fields.get(name);
      if (field === undefined) throw new Error(`${spec.type} has no field ${name}`);
      out.push(`| \`${name}\` | \`${cell(field.type)}\` | ${cell(field.doc)} |`);
    }
  }
  out.push(
    "",
    "## What the cache holds",
    "",
    "Each file is `<cache root>/<script>/<identity>/<region>/<resource>.json` (`global` for what has",
    "no region); `awstriage cache ls` lists them.",
    "",
    renderSourceTable(),
  );
  return `${out.join("\n")}\n`;
}

describe("docs/records.md", () => {
  it("is the reference generated from the record types", async () => {
    const markdown = renderReference(recordTypes());
    await expect(markdown).toMatchFileSnapshot("../../../docs/records.md");
  });
});

/** Kept in step with package.json by test/unit/version.test.ts (reading package.json at run time costs a file read on every start). */
export const VERSION = "0.1.0";

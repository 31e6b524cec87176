/**
 * Where action handlers leave their exit code for the single top-level handler in main.ts.
 * A module of its own so that main.ts can read it without loading the command helpers.
 */
export const outcome = { exitCode: 0 };

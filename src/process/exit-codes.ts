/** The exit codes of DESIGN.md, in a module of their own so every layer can name them. */
export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  config: 3,
  aws: 4,
  offlineMiss: 5,
  failOn: 6,
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

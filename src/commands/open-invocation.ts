/** The invocation the flags describe, for one account, and the shape of a command's `collect`. */
import { Invocation } from "../run/invocation.js";
import { AccountSession, type SessionDeps } from "../run/account-session.js";
import type { InvocationDeps } from "../run/invocation-spec.js";
import type { CommandResult } from "../run/result.js";
import type { GlobalOptions } from "../options/options.js";
import { invocationSpecOf, sessionSpecOf } from "../options/specs.js";

/** A command's work over one invocation: its `collect`, with the command's own options bound. */
export type Collect = (invocation: Invocation) => Promise<CommandResult>;

export function openInvocation(globals: GlobalOptions, deps: SessionDeps & InvocationDeps = {}): Invocation {
  return new Invocation(AccountSession.create(sessionSpecOf(globals), deps), invocationSpecOf(globals), deps);
}

/**
 * Whose exception it is. An exception thrown while a thread's body runs comes either from the
 * implementation's own code (a TypeError in a user's pool, a call through a function pointer that was
 * never set, a `throw` in a generator): a finding of the implementation, IMPL-CRASH, as an oops is in
 * the kernel; or from the checker's code that drives it (a scenario's interpreter, the kernel API): an
 * internal error. Told apart by where it was thrown, the innermost frame of its stack with a source
 * position, judged as run/sites.ts judges the frames of an operation. A thrown value without a stack
 * says nothing of where it came from, and is left to propagate (an internal error, with its token).
 */
import { isAbsolute } from 'node:path';
import { isImplementationFault } from '../kernel/rt/ops.ts';
import { messageOf } from './internal-error.ts';
import { isImplFrame, parseFrames, siteOf, stackOf as mappedStackOf } from './sites.ts';

/** The finding's text when the implementation threw `error`, null when the checker did (or nobody can tell). */
export function implementationThrew(error: unknown): string | null {
  // Thrown by the checker's code on the implementation's behalf (the C front end's oops), with its place.
  if (isImplementationFault(error)) return error.message;
  const stack = stackOf(error);
  if (stack === null) return null;
  // Native frames (`<anonymous>`) and Node's own (`node:internal/...`) have no file of ours or theirs: the thrower called them.
  const thrower = parseFrames(stack).find((f) => isAbsolute(f.file));
  if (thrower === undefined || !isImplFrame(thrower)) return null;
  const site = siteOf(stack);
  const lines = site.chain.length === 0 ? '' : `, ${site.chain.join(' via ')}`;
  return `${messageOf(error)} (thrown at ${site.where ?? '?'}${lines}${site.fn === null ? '' : `, in ${site.fn}`})`;
}

/** The stack with source positions (mapped as run/sites.ts maps an operation's), or null for a value without one. */
function stackOf(error: unknown): string | null {
  if (error instanceof Error) return mappedStackOf(error);
  if (typeof error !== 'object' || error === null) return null;
  const stack = (error as { stack?: unknown }).stack;
  return typeof stack === 'string' ? stack : null;
}

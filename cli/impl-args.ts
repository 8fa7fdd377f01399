/**
 * Every command that takes `--impl` gets a registry name: a path (`--impl ./pool.ts`) or a C source
 * (`--impl c:pool.c`) is loaded and registered here, before the command parses its options, so the
 * commands themselves only ever see names (impl/resolve.ts).
 */
import { isPathSpec, resolveImpl } from '../impl/resolve.ts';

export async function resolveImplArgs(args: readonly string[]): Promise<string[]> {
  const out = [...args];
  for (let i = 0; i < out.length; i++) {
    const arg = out[i] as string;
    if (arg === '--impl' && i + 1 < out.length) {
      out[i + 1] = await resolveSpec(out[i + 1] as string);
      i += 1;
    } else if (arg.startsWith('--impl=')) {
      out[i] = `--impl=${await resolveSpec(arg.slice('--impl='.length))}`;
    }
  }
  return out;
}

/** Built-in names are left to the command (which names the known ones when it does not know one). */
const resolveSpec = (spec: string): Promise<string> => (spec.startsWith('c:') || isPathSpec(spec) ? resolveImpl(spec) : Promise.resolve(spec));

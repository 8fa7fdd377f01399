/** The tool's version, as package.json says (reports record it; the bundle inlines it). */
import pkg from '../package.json' with { type: 'json' };

export const TOOL_VERSION: string = pkg.version;

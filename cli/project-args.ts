/**
 * `--config FILE`: the project file (config/project.ts) a command reads its implementation's settings,
 * known findings and known races from; without it, the working directory's mempool-check.config.json
 * if there is one. A bad file is one line per bad field, exit 2.
 */
import { loadProject, projectFileHere, PROJECT_FILE, useProject, type Project } from '../config/project.ts';
import { optString, type OptionSpec, type Parsed } from './args.ts';

export const PROJECT_OPTIONS: readonly OptionSpec[] = [
  { name: 'config', kind: 'string', arg: 'FILE', help: `the project file: implementation, profile, scenarios, properties, known findings and races (default: ./${PROJECT_FILE} if there is one)` },
];

/** Loads the command's project (its implementations too) and makes it the one known findings come from. */
export async function commandProject(p: Parsed): Promise<Project | null> {
  const file = optString(p, 'config') ?? projectFileHere();
  const project = file === null ? null : await loadProject(file);
  useProject(project);
  return project;
}

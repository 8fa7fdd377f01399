/**
 * Writing a report directory: report.json, junit.xml, report.md and the replay files. Every file is
 * written whole to a temporary name in the same directory and renamed over the old one, so a reader (or
 * a run killed half-way) never sees a half-written file: each is either the previous complete version
 * or the new one. Replay files a previous run of the same directory wrote and this one does not are
 * removed, so the directory describes one run.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { junitXml } from './junit.ts';
import { markdownReport } from './markdown.ts';
import { replayFiles } from './replay-files.ts';
import type { ReportDocument } from './schema.ts';

export const REPORT_JSON = 'report.json';
export const JUNIT_XML = 'junit.xml';
export const REPORT_MD = 'report.md';

let sequence = 0;

/** Writes `text` to `path` atomically (temporary file in the same directory, then rename). */
export function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.${++sequence}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export function writeReportDir(dir: string, doc: ReportDocument): void {
  mkdirSync(dir, { recursive: true });
  const previous = previousReplayFiles(dir);
  const replays = replayFiles(doc);
  for (const [name, content] of replays) writeAtomically(join(dir, name), `${JSON.stringify(content, null, 2)}\n`);
  writeAtomically(join(dir, JUNIT_XML), junitXml(doc));
  writeAtomically(join(dir, REPORT_MD), markdownReport(doc));
  // report.json last: whoever sees it sees the other files of the same run.
  writeAtomically(join(dir, REPORT_JSON), `${JSON.stringify(doc, null, 2)}\n`);
  for (const name of previous) if (!replays.has(name) && /^[a-z0-9.-]+\.replay\.json$/.test(name)) rmSync(join(dir, name), { force: true });
}

function previousReplayFiles(dir: string): string[] {
  const path = join(dir, REPORT_JSON);
  if (!existsSync(path)) return [];
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as { replayFiles?: unknown };
    return Array.isArray(data.replayFiles) ? data.replayFiles.filter((n): n is string => typeof n === 'string') : [];
  } catch {
    return [];
  }
}

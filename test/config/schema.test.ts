/** docs/config.schema.json and docs/scenario.schema.json are the JSON Schemas config/ declares with zod. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from '../../config/scenario-file.ts';
import { projectJsonSchema } from '../../config/schema.ts';

const committed = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../docs/${name}`, import.meta.url), 'utf8'));

describe('the JSON Schemas of the project and scenario files', () => {
  it('are the committed docs/config.schema.json and docs/scenario.schema.json (npm run config-schema writes them)', () => {
    expect(committed('config.schema.json')).toEqual(JSON.parse(JSON.stringify(projectJsonSchema())));
    expect(committed('scenario.schema.json')).toEqual(JSON.parse(JSON.stringify(scenarioJsonSchema())));
  });
});

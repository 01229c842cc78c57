import { ruleProblems } from './harness/lint-samples';

/**
 * The direction of imports (architecture notes, "Rules of the house") is enforced by the local
 * ESLint rule eslint/import-boundaries.js. These samples are linted in memory with the project's
 * real config, under made-up file names: the rule decides from paths alone.
 */
const boundaryProblems = ruleProblems('local/import-boundaries');

describe('lint rule: direction of imports', () => {
  it.each([
    ['src/x.ts', `import { plugin } from '../plugins/staff';`, /core must not import a plugin/],
    [
      'src/graphql/y.ts',
      `import { Official } from '../../plugins/staff/entities/official.entity';`,
      /core must not import a plugin/,
    ],
    ['src/x.ts', `export * from '../plugins/staff/index';`, /core must not import a plugin/],
    ['src/x.ts', `const p = require('../plugins/staff');`, /core must not import a plugin/],
    [
      'src/x.ts',
      `export async function load() { return import('../plugins/cameras'); }`,
      /core must not import a plugin/,
    ],
    ['src/x.ts', `import type { Official } from '../plugins/staff';`, /core must not import a plugin/],
    [
      'plugins/cameras/x.ts',
      `import { OfficialService } from '../staff/services/y';`,
      /only through plugins\/staff\/index\.ts/,
    ],
    [
      'plugins/cameras/services/a.service.ts',
      `import { Official } from '../../staff/entities/official.entity';`,
      /only through plugins\/staff\/index\.ts/,
    ],
    [
      'plugins/cameras/x.ts',
      `export { plugin } from '../staff/staff.plugin';`,
      /only through plugins\/staff\/index\.ts/,
    ],
    [
      'plugins/cameras/x.ts',
      `import { initOrm } from '../../src/db/orm';`,
      /core only through src\/index\.ts/,
    ],
    [
      'plugins/cameras/graphql/c.resolver.ts',
      `import type { RequestContext } from '../../../src/context';`,
      /core only through src\/index\.ts/,
    ],
    ['plugins/cameras/x.ts', `type T = typeof import('../../src/app');`, /core only through src\/index\.ts/],
  ])('reports %s: %s', async (file, code, expected) => {
    const problems = await boundaryProblems(file, code);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
  });

  it.each([
    ['plugins/cameras/x.ts', `import { definePlugin } from '../../src';`],
    ['plugins/cameras/x.ts', `import { definePlugin } from '../../src/index';`],
    ['plugins/cameras/graphql/c.resolver.ts', `import type { RequestContext } from '../../../src/index.ts';`],
    ['plugins/cameras/x.ts', `import { plugin as staff } from '../staff';`],
    ['plugins/cameras/x.ts', `import { OfficialService } from '../staff/index';`],
    ['plugins/cameras/services/a.ts', `import { Device } from '../entities/device.entity';`],
    ['plugins/cameras/cameras.plugin.ts', `import { CameraService } from './services/camera.service';`],
    ['plugins/cameras/x.ts', `import { Type } from 'type-graphql'; import fs from 'node:fs';`],
    [
      'src/x.ts',
      `import { RequestContext } from './context'; import { Migration } from '@mikro-orm/migrations';`,
    ],
    // tests may import anything
    [
      'plugins/cameras/test/cameras.test.ts',
      `import { Device } from '../../staff/entities/official.entity'; import { initOrm } from '../../../src/db/orm';`,
    ],
    ['plugins/cameras/cameras.test.ts', `import { initOrm } from '../../src/db/orm';`],
    ['test/e2e.test.ts', `import { OfficialService } from '../plugins/staff/services/official.service';`],
    ['test/fixtures/f.plugin.ts', `import { initOrm } from '../../src/db/orm';`],
    // scripts and benchmarks are tools, not core or plugins
    ['scripts/seed.ts', `import { x } from '../plugins/staff/services/y';`],
  ])('allows %s: %s', async (file, code) => {
    expect(await boundaryProblems(file, code)).toEqual([]);
  });

  it('names the offending specifier in the message', async () => {
    const [message] = await boundaryProblems(
      'plugins/mail/x.ts',
      `import { Unit } from '../staff/entities/unit.entity';`,
    );
    expect(message).toContain('"../staff/entities/unit.entity"');
    expect(message).toContain('plugins/staff/entities/unit.entity');
  });
});

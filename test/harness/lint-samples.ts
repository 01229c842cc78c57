import path from 'node:path';
import { ESLint, type Linter } from 'eslint';

/**
 * Lints code samples in memory with the project's real ESLint config, under made-up file names, and
 * answers the messages of one rule: how the tests of the project's own lint rules (eslint/) check
 * what each refuses and accepts.
 *
 * The config is passed in directly (overrideConfigFile: true): jest cannot run ESLint's dynamic
 * import() of eslint.config.js, and this also tests the config that `npx eslint .` uses.
 */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const config: Linter.Config[] = require('../../eslint.config.js');
const projectEslint = new ESLint({ cwd: PROJECT_ROOT, overrideConfigFile: true, overrideConfig: config });

/**
 * A function that lints `code` as the file `file` (relative to the root) and returns `rule`'s
 * messages. `extraConfig` goes after the project's (a rule run with options of its own).
 */
export function ruleProblems(
  rule: string,
  extraConfig: Linter.Config[] = [],
): (file: string, code: string) => Promise<string[]> {
  const eslint = extraConfig.length
    ? new ESLint({ cwd: PROJECT_ROOT, overrideConfigFile: true, overrideConfig: [...config, ...extraConfig] })
    : projectEslint;
  return async (file, code) => {
    const [result] = await eslint.lintText(code, { filePath: path.join(PROJECT_ROOT, file) });
    const fatal = result.messages.filter((m) => m.fatal);
    if (fatal.length) throw new Error(`could not parse sample: ${fatal.map((m) => m.message).join('; ')}`);
    return result.messages.filter((m) => m.ruleId === rule).map((m) => m.message);
  };
}

/**
 * The lint rules for the one-way doors between the layers (eslint.config.mjs) fail a wrong import:
 * each throwaway file below is linted as if it were saved at its path, with the project's config.
 */
import path from 'node:path';
import { ESLint } from 'eslint';

const ROOT = path.resolve(__dirname, '../..');

async function restrictedImports(filePath: string, text: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(text, { filePath: path.join(ROOT, filePath) });
  const messages = result!.messages;
  const others = messages.filter((m) => m.ruleId !== 'no-restricted-imports');
  // A parse error or another rule would make a "fails" below pass for the wrong reason.
  expect(others).toEqual([]);
  return messages.map((m) => m.message);
}

describe('one-way doors', () => {
  it('the app cannot import the server', async () => {
    const messages = await restrictedImports(
      'src/app/throwaway.ts',
      "import { loadConfig } from '../server/config.js';\n\nexport const x = loadConfig;\n",
    );
    expect(messages).toEqual([expect.stringMatching(/reaches the service over HTTP only/)]);
  });

  it('the app can import shared code (the rule is not failing everything)', async () => {
    expect(
      await restrictedImports(
        'src/app/locations/throwaway.tsx',
        "import { Z95 } from '../../shared/scoring.js';\n\nexport const x = Z95;\n",
      ),
    ).toEqual([]);
  });

  it('the app, the service and shared code cannot import the sandbox', async () => {
    for (const file of ['src/app/x.ts', 'src/server/x.ts', 'src/shared/x.ts']) {
      const messages = await restrictedImports(
        file,
        "import { listenSandbox } from '../sandbox/zendesk/listen.js';\n\nexport const x = listenSandbox;\n",
      );
      expect({ file, messages }).toEqual({
        file,
        messages: [expect.stringMatching(/sandbox must never leak/)],
      });
    }
  });

  it('shared code cannot import Node built-ins, with or without node:', async () => {
    const text = [
      "import crypto from 'node:crypto';",
      "import fs from 'fs';",
      "import { readFile } from 'fs/promises';",
      "import path from 'path';",
      "import type { Server } from 'http';",
      '',
      'export const x = [crypto, fs, readFile, path] as const;',
      'export type S = Server;',
      '',
    ].join('\n');
    const messages = await restrictedImports('src/shared/throwaway.ts', text);
    expect(messages).toHaveLength(5);
    for (const message of messages) expect(message).toMatch(/no Node built-ins/);
  });

  it('shared code cannot import the app or the server', async () => {
    const messages = await restrictedImports(
      'src/shared/throwaway.ts',
      "import { loadConfig } from '../server/config.js';\nimport { t } from '../app/i18n.js';\n\nexport const x = [loadConfig, t];\n",
    );
    expect(messages).toEqual([
      expect.stringMatching(/imports neither/),
      expect.stringMatching(/imports neither/),
    ]);
  });

  it('the service may use Node built-ins', async () => {
    expect(
      await restrictedImports(
        'src/server/throwaway.ts',
        "import crypto from 'node:crypto';\n\nexport const x = crypto;\n",
      ),
    ).toEqual([]);
  });
});

import { createInterface } from 'node:readline';
import { ConfigError, loadConfig } from '../config.js';
import { parseNewOwner } from '../domain/owners.js';
import { hashPassword } from '../lib/passwords.js';
import { upsertOwner } from '../repositories/owners.js';
import { openConfiguredDatabase } from '../db/open-configured.js';

/**
 * `npm run owner:add -- owner@example.com`: creates an owner, or sets a new
 * password for an existing one (ending their sessions). The password is read
 * from OWNER_PASSWORD, else from standard input (typed without echo on a
 * terminal, or piped).
 */
async function readPassword(prompt: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of input) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  }
  const rl = createInterface({ input, output: process.stdout, terminal: true });
  // Hide what is typed: readline writes through _writeToOutput.
  const writable = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
  let muted = false;
  writable._writeToOutput = (s: string) => {
    if (!muted || s.includes(prompt)) process.stdout.write(s);
  };
  const answer = await new Promise<string>((resolve) => {
    rl.question(prompt, resolve);
    muted = true;
  });
  rl.close();
  process.stdout.write('\n');
  return answer;
}

async function main(): Promise<number> {
  const email = process.argv[2];
  if (!email) {
    console.error('Usage: npm run owner:add -- owner@example.com   (password from OWNER_PASSWORD or standard input)');
    return 2;
  }
  const config = await loadConfig(process.env);
  const password = process.env.OWNER_PASSWORD ?? (await readPassword('Password (at least 12 characters): '));
  const parsed = parseNewOwner({ email, password });
  if (!parsed.ok) {
    console.error(parsed.errors.map((e) => `${e.field}: ${e.code.replaceAll('_', ' ')}`).join('\n'));
    return 1;
  }
  const database = await openConfiguredDatabase(config);
  try {
    const { owner, created } = await upsertOwner(database.db, parsed.email, await hashPassword(parsed.password), new Date());
    console.log(created ? `Owner ${owner.email} created.` : `Password of ${owner.email} changed; their sessions were ended.`);
    return 0;
  } finally {
    await database.close();
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
}

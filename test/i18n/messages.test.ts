import { describe, expect, it } from 'vitest';
import type { AnswerErrorCode } from '../../src/domain/answers.js';
import { FIELDS } from '../../src/domain/questionnaire.js';
import { answerErrorMessage, messages, pickLanguage } from '../../src/i18n/index.js';
import { en } from '../../src/i18n/en.js';
import { fr } from '../../src/i18n/fr.js';

function leaves(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value === 'string') {
    out.set(prefix, value);
    return out;
  }
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    for (const [path, text] of leaves(child, prefix ? `${prefix}.${key}` : key)) out.set(path, text);
  }
  return out;
}

describe('the English and French texts', () => {
  const english = leaves(en);
  const french = leaves(fr);

  it('have exactly the same keys', () => {
    expect([...french.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('leave nothing empty in French that English fills in', () => {
    const missing = [...english].filter(([key, text]) => text !== '' && (french.get(key) ?? '') === '').map(([key]) => key);
    expect(missing).toEqual([]);
  });

  it('label every field and every option of the questionnaire in both languages', () => {
    for (const lang of ['en', 'fr'] as const) {
      const fields = messages(lang).fields as Record<string, { label: string; options?: Record<string, string> }>;
      for (const field of FIELDS) {
        expect(fields[field.name]?.label, `${lang} ${field.name}`).toBeTruthy();
        if (field.kind === 'choice') {
          expect(Object.keys(fields[field.name]?.options ?? {}), `${lang} ${field.name}`).toEqual([...field.options]);
        }
      }
    }
  });

  it('have a message for every error a field can raise, in both languages', () => {
    const codes: AnswerErrorCode[] = ['required', 'too_short', 'too_long', 'invalid', 'too_large', 'repeated', 'control_chars'];
    for (const lang of ['en', 'fr'] as const) {
      for (const field of FIELDS) {
        for (const code of codes) {
          const message = answerErrorMessage(messages(lang), { field: field.name, code, limit: 120 });
          expect(message, `${lang} ${field.name} ${code}`).not.toMatch(/\{\w+\}/);
          expect(message.length).toBeGreaterThan(5);
        }
      }
    }
    expect(answerErrorMessage(messages('fr'), { field: 'company', code: 'repeated' })).toBe(
      'Répondez une seule fois à « Nom de l’entreprise »',
    );
  });
});

describe('choosing the language', () => {
  it.each([
    ['fr', undefined, 'fr'],
    ['en', 'fr-FR,fr;q=0.9', 'en'],
    [undefined, 'fr-FR,fr;q=0.9,en;q=0.8', 'fr'],
    [undefined, 'de-DE,de;q=0.9,fr;q=0.5', 'fr'],
    [undefined, 'de-DE', 'en'],
    [undefined, undefined, 'en'],
    ['xx', 'fr', 'fr'],
  ])('?lang=%s with Accept-Language %s gives %s', (query, header, expected) => {
    expect(pickLanguage(query, header)).toBe(expected);
  });
});

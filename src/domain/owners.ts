import { z } from 'zod';

/** OWASP: at least 12 characters; long passphrases welcome (argon2 hashes any length). */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 1024;

export const ownerEmailSchema = z
  .string()
  .trim()
  .min(1, 'email_required')
  .max(254, 'email_invalid')
  .pipe(z.email('email_invalid'))
  .transform((email) => email.toLowerCase());

export const newPasswordSchema = z
  .string()
  .min(1, 'password_required')
  .min(PASSWORD_MIN, 'password_too_short')
  .max(PASSWORD_MAX, 'password_too_long');

export type CredentialError =
  | 'email_required'
  | 'email_invalid'
  | 'password_required'
  | 'password_too_short'
  | 'password_too_long'
  | 'password_mismatch';

/** Validates a new owner's email and chosen password (setup page, CLI). */
export function parseNewOwner(input: {
  email: unknown;
  password: unknown;
  confirm?: unknown;
}): { ok: true; email: string; password: string } | { ok: false; errors: { field: string; code: CredentialError }[] } {
  const errors: { field: string; code: CredentialError }[] = [];
  const email = ownerEmailSchema.safeParse(typeof input.email === 'string' ? input.email : '');
  if (!email.success) errors.push({ field: 'email', code: email.error.issues[0]?.message as CredentialError });
  const password = newPasswordSchema.safeParse(typeof input.password === 'string' ? input.password : '');
  if (!password.success) errors.push({ field: 'password', code: password.error.issues[0]?.message as CredentialError });
  else if (input.confirm !== undefined && input.confirm !== input.password) {
    errors.push({ field: 'confirm', code: 'password_mismatch' });
  }
  if (errors.length > 0 || !email.success || !password.success) return { ok: false, errors };
  return { ok: true, email: email.data, password: password.data };
}

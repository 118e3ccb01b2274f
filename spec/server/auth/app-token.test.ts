import {
  AppTokenError,
  bearerToken,
  CLOCK_TOLERANCE_SECONDS,
  verifyAppToken,
} from '../../../src/server/auth/app-token.js';
import {
  signAppToken,
  tamperedToken,
  TEST_APP_SECRET,
  unsignedToken,
} from '../../support/app-token.js';

async function problemOf(token: string | null, secret = TEST_APP_SECRET): Promise<string> {
  try {
    await verifyAppToken(token, secret);
  } catch (error) {
    if (error instanceof AppTokenError) return error.problem;
    throw error;
  }
  return 'accepted';
}

describe('verifyAppToken', () => {
  it('accepts an HS256 token signed with the shared secret and returns its claims', async () => {
    const token = await signAppToken({ claims: { sub: '42' } });
    const claims = await verifyAppToken(token, TEST_APP_SECRET);
    expect(claims.sub).toBe('42');
    expect(claims.iss).toBe('acme.zendesk.com');
  });

  it('tolerates a small clock difference, but not more', async () => {
    expect(await problemOf(await signAppToken({ expiresIn: -(CLOCK_TOLERANCE_SECONDS - 5) }))).toBe(
      'accepted',
    );
    expect(await problemOf(await signAppToken({ expiresIn: -(CLOCK_TOLERANCE_SECONDS + 5) }))).toBe(
      'expired',
    );
  });

  it.each<[string, () => Promise<string | null>, string]>([
    ['a missing token', async () => null, 'missing'],
    ['an expired token', () => signAppToken({ expiresIn: -3600 }), 'expired'],
    ['a token without exp', () => signAppToken({ expiresIn: null }), 'no_expiry'],
    ['a token living for a week', () => signAppToken({ expiresIn: 7 * 86_400 }), 'too_long'],
    [
      'a token signed with another secret',
      () => signAppToken({ secret: 'x'.repeat(32) }),
      'signature',
    ],
    [
      'a token whose payload was changed',
      async () => tamperedToken(await signAppToken({ claims: { sub: '1' } }), { sub: '2' }),
      'signature',
    ],
    ['an unsigned token (alg none)', async () => unsignedToken(), 'algorithm'],
    ['an HS512 token', () => signAppToken({ alg: 'HS512' }), 'algorithm'],
    ['garbage', async () => 'not.a.jwt', 'malformed'],
  ])('refuses %s', async (_name, make, problem) => {
    expect(await problemOf(await make())).toBe(problem);
  });

  it('refuses a token issued or valid only in the future, beyond the clock tolerance', async () => {
    const inTenMinutes = new Date(Date.now() + 10 * 60_000);
    // Signed "in ten minutes" with its usual 5-minute life: its exp is still ahead of us.
    expect(await problemOf(await signAppToken({ now: inTenMinutes }))).toBe('not_yet_valid');
    expect(
      await problemOf(
        await signAppToken({ claims: { nbf: Math.floor(inTenMinutes.getTime() / 1000) } }),
      ),
    ).toBe('not_yet_valid');
    const slightlyAhead = new Date(Date.now() + (CLOCK_TOLERANCE_SECONDS - 10) * 1000);
    expect(await problemOf(await signAppToken({ now: slightlyAhead }))).toBe('accepted');
  });

  it('says what to do in its message', async () => {
    await expect(
      verifyAppToken(await signAppToken({ secret: 'y'.repeat(32) }), TEST_APP_SECRET),
    ).rejects.toThrow(/CES_APP_SECRET/);
  });
});

describe('bearerToken', () => {
  it('reads "Bearer <token>" and nothing else', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken('Bearer ')).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});

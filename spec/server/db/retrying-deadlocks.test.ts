import { retryingDeadlocks } from '../../../src/server/db/database.js';

const failure = (code: string) => Object.assign(new Error('rolled back'), { code });

describe('retryingDeadlocks', () => {
  it('runs the transaction again when PostgreSQL broke a deadlock or a serialization clash', async () => {
    const codes = ['40P01', '40001'];
    let calls = 0;
    const result = await retryingDeadlocks(async () => {
      calls++;
      const code = codes.shift();
      if (code) throw failure(code);
      return 'saved';
    });
    expect(result).toBe('saved');
    expect(calls).toBe(3);
  });

  it('passes any other error on at once', async () => {
    let calls = 0;
    await expect(
      retryingDeadlocks(async () => {
        calls++;
        throw failure('23505');
      }),
    ).rejects.toThrow('rolled back');
    expect(calls).toBe(1);
  });

  it('gives up after the last attempt', async () => {
    let calls = 0;
    await expect(
      retryingDeadlocks(async () => {
        calls++;
        throw failure('40P01');
      }, 3),
    ).rejects.toMatchObject({ code: '40P01' });
    expect(calls).toBe(3);
  });
});

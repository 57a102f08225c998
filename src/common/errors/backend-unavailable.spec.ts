import {
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';
import { isBackendUnavailable } from './backend-unavailable';

describe('isBackendUnavailable', () => {
  it.each([
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    ],
    [
      'an administrator shutdown (57P01)',
      Object.assign(new Error('terminating connection'), { code: '57P01' }),
    ],
    [
      'a server starting up (57P03)',
      Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
    ],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['a pool that cannot connect in time', new Error('timeout exceeded when trying to connect')],
    [
      'a client broken by a connection error',
      new Error('Client has encountered a connection error and is not queryable'),
    ],
    ['a transaction whose connection TypeORM released', new QueryRunnerAlreadyReleasedError()],
    ['a transaction whose query runner TypeORM released', new QueryRunnerProviderAlreadyReleasedError()],
    [
      'a query failure caused by a lost connection',
      new QueryFailedError('SELECT 1', [], Object.assign(new Error('terminating'), { code: '57P01' })),
    ],
  ])('should treat %s as a backing service being down (503)', (_, error) => {
    expect(isBackendUnavailable(error)).toBe(true);
  });

  it.each([
    [
      'a unique violation',
      new QueryFailedError('INSERT', [], Object.assign(new Error('duplicate key'), { code: '23505' })),
    ],
    ['a programming error', new TypeError('x is not a function')],
    ['a string', 'boom'],
  ])('should not treat %s as a backing service being down', (_, error) => {
    expect(isBackendUnavailable(error)).toBe(false);
  });
});

import 'reflect-metadata';
import { jest } from '@jest/globals';
import type { Mocked } from 'jest-mock';

/** For unit specs only (STYLE.md 12): import it from `*.spec.ts` files, never from application code. */

type Class<T = object> = abstract new (...args: any[]) => T;

/**
 * An object with every method of `type` (own and inherited) replaced by a bare `jest.fn()`. Methods an
 * abstract class only declares (a port) are not on its prototype: any other method name read from the mock
 * becomes a `jest.fn()` on first use (except `then`, so that the mock is not taken for a promise).
 */
export function autoMock<T extends object>(type: Class<T>): Mocked<T> {
  const mock: Record<string, unknown> = {};
  let proto = type.prototype as object | null;
  while (proto && proto !== Object.prototype) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      if (name !== 'constructor' && !(name in mock) && typeof descriptor?.value === 'function') {
        mock[name] = jest.fn();
      }
    }
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return new Proxy(mock, {
    get(target, name) {
      if (typeof name === 'string' && name !== 'then' && !(name in target)) {
        target[name] = jest.fn();
      }
      return Reflect.get(target, name) as unknown;
    },
  }) as Mocked<T>;
}

export interface AutoMocks {
  /** The mock that was injected for the dependency of this type. */
  get<T extends object>(type: Class<T>): Mocked<T>;
}

/**
 * Builds `type` from its constructor's declared dependencies (decorator metadata): each instance in `real`
 * fills the parameters it is an instance of, every other dependency is auto-mocked. Returns the system under
 * test and its mocks.
 */
export function newTestService<T extends object>(
  type: new (...args: any[]) => T,
  real: readonly object[] = [],
): { sut: T; mocks: AutoMocks } {
  const paramTypes = (Reflect.getMetadata('design:paramtypes', type) ?? []) as (Class | undefined)[];
  if (paramTypes.length !== type.length) {
    throw new Error(`${type.name}: no constructor metadata; is the class decorated with @Injectable()?`);
  }
  const created = new Map<Class, object>();
  const args = paramTypes.map((param, i) => {
    if (!param || param === Object) {
      throw new Error(`${type.name}: constructor parameter ${i} has no class type to mock`);
    }
    const given = real.find((r) => r instanceof param);
    if (given) {
      return given;
    }
    const mock = autoMock(param);
    created.set(param, mock);
    return mock;
  });
  const mocks: AutoMocks = {
    get<M extends object>(t: Class<M>): Mocked<M> {
      const mock = created.get(t);
      if (!mock) {
        throw new Error(`${type.name} has no mocked dependency of type ${t.name}`);
      }
      return mock as Mocked<M>;
    },
  };
  return { sut: new type(...args), mocks };
}

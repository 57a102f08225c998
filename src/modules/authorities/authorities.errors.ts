import { DomainError } from '@/common/errors/domain-error';

export class AuthorityCodeTakenError extends DomainError {
  constructor(code: string) {
    super('AUTHORITY_CODE_TAKEN', 'conflict', `An authority with code ${code} already exists`, [
      { field: 'code', messages: ['is already registered'] },
    ]);
  }
}

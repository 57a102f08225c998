import { Global, Module } from '@nestjs/common';
import { SessionPrincipals } from '@/common/auth/session';
import { SessionController } from './session.controller';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';

/**
 * The web console's server side (docs/console.md): sign-in sessions, and the SessionPrincipals port through
 * which the global guard accepts the session cookie (hence global). The built console itself is served by
 * consoleStatic, mounted in configureHttp.
 */
@Global()
@Module({
  controllers: [SessionController],
  providers: [
    SessionsRepository,
    SessionsService,
    { provide: SessionPrincipals, useExisting: SessionsService },
  ],
  exports: [SessionPrincipals],
})
export class ConsoleModule {}

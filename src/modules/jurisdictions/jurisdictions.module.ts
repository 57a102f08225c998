import { Global, Module } from '@nestjs/common';
import { StatePeriods } from '@/workflows';
import { DeclarationsController } from './declarations.controller';
import { DeclarationsService } from './declarations.service';
import { JurisdictionsController } from './jurisdictions.controller';
import { JurisdictionsService } from './jurisdictions.service';

/**
 * The register of each State's declarations under the Convention, and the legal periods they drive
 * (preservation period, provisional arrest); provides the
 * engine's StatePeriods port (hence global).
 */
@Global()
@Module({
  controllers: [JurisdictionsController, DeclarationsController],
  providers: [
    DeclarationsService,
    JurisdictionsService,
    { provide: StatePeriods, useExisting: JurisdictionsService },
  ],
  exports: [DeclarationsService, JurisdictionsService, StatePeriods],
})
export class JurisdictionsModule {}

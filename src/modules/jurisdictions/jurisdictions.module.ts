import { Global, Module } from '@nestjs/common';
import { StatePeriods } from '@/workflows';
import { JurisdictionsController } from './jurisdictions.controller';
import { JurisdictionsService } from './jurisdictions.service';

/**
 * Per-State declarations that drive legal clocks (preservation period, provisional arrest); provides the
 * engine's StatePeriods port (hence global).
 */
@Global()
@Module({
  controllers: [JurisdictionsController],
  providers: [JurisdictionsService, { provide: StatePeriods, useExisting: JurisdictionsService }],
  exports: [JurisdictionsService, StatePeriods],
})
export class JurisdictionsModule {}

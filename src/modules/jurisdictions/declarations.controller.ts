import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles } from '@/common/auth/access.decorators';
import type { Principal } from '@/common/auth/principal';
import { NotFoundError, ValidationFailedError } from '@/common/errors/domain-error';
import { ApiErrors } from '@/common/openapi/api-errors.decorator';
import { countryParam } from '@/common/validation/country-param';
import { etag, parseIfMatch } from '@/modules/requests/if-match';
import { DeclarationsService } from './declarations.service';
import {
  DeclarationsExportDto,
  DeclarationsImportResponse,
  DeclarationVersionsResponse,
  StateDeclarationsDto,
  StateDeclarationsResponse,
} from './dto/declarations.dto';
import { JurisdictionsService } from './jurisdictions.service';

function versionNumber(raw: string): number {
  if (!/^[1-9]\d{0,8}$/.test(raw)) {
    throw new ValidationFailedError([
      { field: 'version', messages: ['must be a version number (1, 2, ...)'] },
    ]);
  }
  return Number(raw);
}

const ETAG = {
  ETag: { description: 'The version, "<version>": send it back in If-Match', schema: { type: 'string' } },
};

/** The register of each State's declarations under the Convention (issue 15). */
@ApiTags('states')
@ApiBearerAuth()
@Controller('v1')
export class DeclarationsController {
  constructor(
    private readonly declarations: DeclarationsService,
    private readonly jurisdictions: JurisdictionsService,
  ) {}

  @Get('states/:country/declarations')
  @Roles('admin', 'officer', 'approver', 'auditor')
  @ApiOperation({
    summary:
      "A State's current declarations under the Convention (version 0: none; notDeclared: engine defaults)",
  })
  @ApiOkResponse({ type: StateDeclarationsResponse, headers: ETAG })
  @ApiErrors(400, 401, 403, 503)
  async get(
    @Param('country') raw: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StateDeclarationsResponse> {
    const current = await this.declarations.current(countryParam(raw));
    res.setHeader('ETag', etag(current.version));
    return current;
  }

  @Put('states/:country/declarations')
  @Roles('admin')
  @ApiOperation({
    summary:
      "Write a new version of a State's declarations (operator admin): the whole record, absent fields not declared",
  })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'ETag ("<version>") of the current declarations the change is based on; 412 if stale',
  })
  @ApiOkResponse({ type: StateDeclarationsResponse, headers: ETAG })
  @ApiErrors(400, 401, 403, 412, 413, 503)
  async put(
    @Param('country') raw: string,
    @Body() dto: StateDeclarationsDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StateDeclarationsResponse> {
    const code = countryParam(raw);
    const written = await this.declarations.write(
      { country: code, record: dto, source: 'declarations', ifMatch: parseIfMatch(ifMatch) },
      principal,
    );
    this.jurisdictions.forget(code);
    res.setHeader('ETag', etag(written.version));
    return written;
  }

  @Get('states/:country/declarations/versions')
  @Roles('admin', 'officer', 'approver', 'auditor')
  @ApiOperation({
    summary: "Every version of a State's declarations, newest first, with who wrote it and when",
  })
  @ApiOkResponse({ type: DeclarationVersionsResponse })
  @ApiErrors(400, 401, 403, 503)
  async versions(@Param('country') raw: string): Promise<DeclarationVersionsResponse> {
    const code = countryParam(raw);
    return { country: code, versions: await this.declarations.versions(code) };
  }

  @Get('states/:country/declarations/versions/:version')
  @Roles('admin', 'officer', 'approver', 'auditor')
  @ApiOperation({ summary: "One version of a State's declarations" })
  @ApiOkResponse({ type: StateDeclarationsResponse })
  @ApiErrors(400, 401, 403, 404, 503)
  async version(
    @Param('country') raw: string,
    @Param('version') rawVersion: string,
  ): Promise<StateDeclarationsResponse> {
    const found = await this.declarations.version(countryParam(raw), versionNumber(rawVersion));
    if (!found) {
      throw new NotFoundError('Declarations version');
    }
    return found;
  }

  @Get('declarations/export')
  @Roles('admin', 'officer', 'approver', 'auditor')
  @ApiOperation({
    summary:
      "Every State's current declarations as one JSON document (format uncc-state-declarations, version 1)",
  })
  @ApiOkResponse({ type: DeclarationsExportDto })
  @ApiErrors(401, 403, 503)
  export(): Promise<DeclarationsExportDto> {
    return this.declarations.export();
  }

  @Post('declarations/import')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary:
      'Import an exchange document (operator admin): every record validated, all or nothing; each a new version noting the import',
  })
  @ApiOkResponse({ type: DeclarationsImportResponse })
  @ApiErrors(400, 401, 403, 413, 503)
  async import(
    @Body() dto: DeclarationsExportDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DeclarationsImportResponse> {
    const imported = await this.declarations.import(dto, principal);
    for (const s of imported) {
      this.jurisdictions.forget(s.country);
    }
    return { imported };
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@/common/auth/access.decorators';
import { ApiErrors } from '@/common/openapi/api-errors.decorator';
import { uuidPipe } from '@/common/validation/uuid.pipe';
import { AuthoritiesService } from './authorities.service';
import {
  type AuthorityResponse,
  AuthorityResponse as AuthorityResponseDto,
  IssuedTokenResponse,
  toAuthorityResponse,
  toUserResponse,
  type UserResponse,
  UserResponse as UserResponseDto,
} from './dto/authority.response';
import { CreateAuthorityDto } from './dto/create-authority.dto';
import { CreateUserDto } from './dto/create-user.dto';

@ApiTags('authorities')
@ApiBearerAuth()
@Controller('v1')
export class AuthoritiesController {
  constructor(private readonly authorities: AuthoritiesService) {}

  @Post('authorities')
  @Roles('admin')
  @ApiOperation({ summary: 'Register an authority in the directory (operator admin)' })
  @ApiCreatedResponse({ type: AuthorityResponseDto })
  @ApiErrors(400, 401, 403, 'AUTHORITY_CODE_TAKEN', 413, 503)
  async create(@Body() dto: CreateAuthorityDto): Promise<AuthorityResponse> {
    return toAuthorityResponse(await this.authorities.register(dto));
  }

  @Get('authorities')
  @Roles('admin', 'officer', 'approver', 'auditor')
  @ApiOperation({ summary: 'The directory of authorities (public fields)' })
  @ApiOkResponse({ type: [AuthorityResponseDto] })
  @ApiErrors(401, 403, 503)
  async list(): Promise<AuthorityResponse[]> {
    return (await this.authorities.directory()).map(toAuthorityResponse);
  }

  @Post('authorities/:id/users')
  @Roles('admin')
  @ApiOperation({ summary: 'Create a user of an authority; the token is shown once' })
  @ApiCreatedResponse({ type: IssuedTokenResponse })
  @ApiErrors(400, 401, 403, 404, 413, 503)
  createUser(
    @Param('id', uuidPipe('id')) id: string,
    @Body() dto: CreateUserDto,
  ): Promise<IssuedTokenResponse> {
    return this.authorities.createUser(id, dto.name, dto.roles);
  }

  @Get('authorities/:id/users')
  @Roles('admin')
  @ApiOperation({
    summary: "An authority's users and their tokens' metadata (created, last used, revoked; never a token)",
  })
  @ApiOkResponse({ type: [UserResponseDto] })
  @ApiErrors(400, 401, 403, 404, 503)
  async users(@Param('id', uuidPipe('id')) id: string): Promise<UserResponse[]> {
    return (await this.authorities.users(id)).map(({ user, tokens }) => toUserResponse(user, tokens));
  }

  @Post('users/:id/tokens')
  @Roles('admin')
  @ApiOperation({ summary: 'Issue an additional token for a user; shown once' })
  @ApiCreatedResponse({ type: IssuedTokenResponse })
  @ApiErrors(400, 401, 403, 404, 503)
  issueToken(@Param('id', uuidPipe('id')) id: string): Promise<IssuedTokenResponse> {
    return this.authorities.issueToken(id);
  }

  @Delete('users/:id/tokens')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: "Revoke all of a user's tokens" })
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['revoked'],
      properties: { revoked: { type: 'integer', description: 'How many tokens were revoked' } },
    },
  })
  @ApiErrors(400, 401, 403, 404, 503)
  revokeTokens(@Param('id', uuidPipe('id')) id: string): Promise<{ revoked: number }> {
    return this.authorities.revokeTokens(id);
  }
}

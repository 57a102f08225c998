import { RequestFieldsDto } from './request-common.dto';

/** PATCH body while DRAFT: any common field; channel and counterpart are fixed once created. */
export class UpdateRequestDto extends RequestFieldsDto {}

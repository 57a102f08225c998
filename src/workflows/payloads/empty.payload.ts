/** Actions without a payload: the body must be empty (unknown fields are rejected). */
export class EmptyPayload {}

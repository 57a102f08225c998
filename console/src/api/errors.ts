// API error bodies ({ statusCode, code, message, details }) turned into what the screens show.
export interface FieldProblem {
  field: string;
  messages: string[];
}

export interface ApiProblem {
  status: number;
  code: string;
  message: string;
  fields: FieldProblem[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads an error body, whatever its shape; never throws. */
export function toProblem(status: number, body: unknown): ApiProblem {
  const record = isRecord(body) ? body : {};
  const fields: FieldProblem[] = [];
  const details = record.details;
  if (Array.isArray(details)) {
    for (const d of details) {
      if (isRecord(d) && typeof d.field === 'string') {
        const messages = Array.isArray(d.messages) ? d.messages.filter((m) => typeof m === 'string') : [];
        fields.push({
          field: d.field,
          messages:
            messages.length > 0 ? messages : [typeof record.message === 'string' ? record.message : ''],
        });
      }
    }
  }
  return {
    status,
    code: typeof record.code === 'string' ? record.code : `HTTP_${status}`,
    message: typeof record.message === 'string' ? record.message : '',
    fields,
  };
}

/** The problems for one field (its own path or any path under it). */
export function problemsFor(problem: ApiProblem | null, field: string): string[] {
  if (!problem) {
    return [];
  }
  return problem.fields
    .filter((f) => f.field === field || f.field.startsWith(`${field}.`) || f.field.startsWith(`${field}[`))
    .flatMap((f) => f.messages);
}

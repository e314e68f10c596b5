import { CallError, FailureCodes } from './errors';

const invalid = (message: string) => new CallError(FailureCodes.INVALID_PARAM, message);

export function requireObject(value: unknown, name: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalid(`${name} must be an object`);
  return value as Record<string, unknown>;
}

export function optionalObject(value: unknown, name: string): Record<string, unknown> {
  return value === undefined || value === null ? {} : requireObject(value, name);
}

export function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(`${name} is required and must be a non-empty string`);
  return value;
}

export function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalid(`${name} must be a string`);
  return value;
}

export function check(condition: unknown, message: string): void {
  if (!condition) throw invalid(message);
}

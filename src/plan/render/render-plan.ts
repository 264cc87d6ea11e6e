// One entry point for every renderer, so the CLI, the API and the mail path offer the same formats.
import type { Plan } from '../types.js';
import { renderPlanHtml } from './html.js';
import { renderPlanMarkdown } from './markdown.js';
import { renderPlanText } from './text.js';

export const PLAN_FORMATS = ['text', 'markdown', 'html', 'json'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

export const PLAN_CONTENT_TYPES: Readonly<Record<PlanFormat, string>> = {
  text: 'text/plain', markdown: 'text/markdown', html: 'text/html', json: 'application/json',
};

export function isPlanFormat(value: string): value is PlanFormat {
  return (PLAN_FORMATS as readonly string[]).includes(value);
}

export function renderPlan(plan: Plan, format: PlanFormat): string {
  switch (format) {
    case 'text':
      return renderPlanText(plan);
    case 'markdown':
      return renderPlanMarkdown(plan);
    case 'html':
      return renderPlanHtml(plan);
    case 'json':
      return JSON.stringify(plan, null, 2);
  }
}

// The roles one certwatch process can run: all three in one process, or split over several on one Redis.
export type Role = 'ingest' | 'worker' | 'api';
export const ALL_ROLES: readonly Role[] = ['ingest', 'worker', 'api'];

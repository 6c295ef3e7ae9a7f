export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const DATABASE = Symbol('DATABASE');

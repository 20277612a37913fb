/** MFE namespace access control: `forMFE(id)` handles and the namespace rule. */
export { createMFEHandle, type MFEHandle, type AccessControlledManager } from './mfe-handle.js';
export { namespaceOwner, mayWrite, assertMayWrite, type AccessControl } from './policy.js';

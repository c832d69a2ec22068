// The only module that imports the Random provider bindings (deep imports).
export { Password } from '@cdktf/provider-random/lib/password';
export { RandomProvider } from '@cdktf/provider-random/lib/provider';

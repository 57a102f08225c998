// class-transformer's type metadata (which class a nested property holds) is read by an architecture check;
// the package ships the storage's types apart from its CommonJS build.
declare module 'class-transformer/cjs/storage' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}

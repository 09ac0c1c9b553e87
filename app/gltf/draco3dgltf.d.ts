// draco3dgltf ships no typings; glTF-Transform only needs the module objects.
declare module "draco3dgltf" {
  const draco3d: {
    createDecoderModule(options?: object): Promise<unknown>;
    createEncoderModule(options?: object): Promise<unknown>;
  };
  export default draco3d;
}

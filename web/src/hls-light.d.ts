// hls.js's light build has the full build's types.
declare module "hls.js/light" {
  export { default } from "hls.js";
}

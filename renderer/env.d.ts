// Stylesheets are imported for esbuild, which emits them beside panel.js.
declare module '*.css';

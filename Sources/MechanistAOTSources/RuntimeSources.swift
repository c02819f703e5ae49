// The runtime's C sources for ahead-of-time compiled libraries: `EmbeddedRuntimeSources.files`,
// generated at build time by the EmbedRuntimeSources plugin (Plugins/) from Runtime/.

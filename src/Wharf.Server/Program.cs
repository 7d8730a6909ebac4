using Wharf.Server;

var app = WharfApp.Build(args);
await app.RunAsync();

/// <summary>The entry point of the standalone server (the CLI's <c>wharf serve</c> does the same).</summary>
public partial class Program;

using Hoshi.Web.Cli;

// `serve` (the default) runs the web application; the other verbs are operator commands.
return await HoshiCommandLine.RunAsync(args);

/// <summary>Entry point; public so that tests can host the application.</summary>
public partial class Program;

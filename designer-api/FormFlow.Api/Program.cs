using FormFlow.Api.Authoring;
using FormFlow.Api.Health;
using FormFlow.Api.Hosting;
using FormFlow.Api.Identity;
using FormFlow.Api.Problems;
using FormFlow.Api.Telemetry;
using FormFlow.Api.Workers;

var builder = WebApplication.CreateBuilder(args);

builder.AddFormFlowTelemetry();
builder.AddFormFlowHosting();
builder.AddFormFlowProblems();
builder.AddFormFlowIdentity();
builder.AddFormFlowWorkers();
builder.AddFormFlowHealth();
builder.AddFormFlowAuthoring();
builder.Services.AddOpenApi(o => o.AddBearerSecurity());

var app = builder.Build();

app.UseFormFlowProblems();
app.UseFormFlowIdentity();

app.MapFormFlowHealth();
app.MapOpenApi().AllowAnonymous();
app.MapDevSignInApi();
app.MapMeApi();
app.MapAuthoringApi();
app.MapAppArchiveApi();

app.Run();

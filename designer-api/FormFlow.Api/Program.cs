using FormFlow.Api.Authoring;
using FormFlow.Api.Cycles;
using FormFlow.Api.Health;
using FormFlow.Api.Hosting;
using FormFlow.Api.Identity;
using FormFlow.Api.Indicators;
using FormFlow.Api.Instances;
using FormFlow.Api.Kpi;
using FormFlow.Api.OpenApi;
using FormFlow.Api.Organisation;
using FormFlow.Api.Outbox;
using FormFlow.Api.Problems;
using FormFlow.Api.Reports;
using FormFlow.Api.Tasks;
using FormFlow.Api.Telemetry;
using FormFlow.Api.Web;
using FormFlow.Api.Workers;

var builder = WebApplication.CreateBuilder(args);

builder.AddFormFlowTelemetry();
builder.AddFormFlowHosting();
builder.AddFormFlowProblems();
builder.AddFormFlowIdentity();
builder.AddFormFlowWorkers();
builder.AddFormFlowHealth();
builder.Services.AddFormFlowTasks();
builder.Services.AddFormFlowOnDemandStarts();
builder.Services.AddFormFlowKpi();
builder.AddFormFlowAuthoring();
builder.AddFormFlowWeb();
builder.Services.AddFormFlowOpenApi();

var app = builder.Build();

app.UseFormFlowProblems();
app.UseFormFlowWeb();
app.UseFormFlowIdentity();
app.UseFormFlowRequestLimits();

app.MapFormFlowHealth();
app.MapOpenApi().AllowAnonymous();
app.MapAuthConfigApi();
app.MapDevSignInApi();
app.MapMeApi();
app.MapPreferencesApi();
app.MapTasksApi();
app.MapInstancesApi();
app.MapOnDemandStartsApi();
app.MapMeetingsApi();
app.MapOrganisationApi();
app.MapCyclesApi();
app.MapCalibrationsApi();
app.MapOutboxApi();
app.MapReportsApi();
app.MapKpiApi();
app.MapAuthoringApi();
app.MapIndicatorsApi();
app.MapDryRunApi();
app.MapAppArchiveApi();
app.MapFormFlowWeb();

app.Run();

import { createRequire } from 'node:module';
import { authenticationOptions, PUBLIC_CLOUD } from '../../bot/teams/teams-connector.js';

/**
 * How TeamsConnector configures botbuilder's ConfigurationBotFrameworkAuthentication.
 * Its factory takes the Bot Framework endpoints as a whole once any one is given,
 * so replacing the OpenID metadata URL (tests) means passing the others; those
 * must stay the installed SDK's public-cloud values.
 */

// botbuilder does not re-export these; read them from the installed botframework-connector it uses.
const requireFromBotbuilder = createRequire(require.resolve('botbuilder'));
const { AuthenticationConstants } = requireFromBotbuilder('botframework-connector') as { AuthenticationConstants: Record<string, string> };
const { CallerIdConstants } = requireFromBotbuilder('botframework-schema') as { CallerIdConstants: Record<string, string> };

const APP = { appId: '00000000-0000-4000-8000-0000000000b0', appPassword: 'secret', appType: 'MultiTenant' as const };

describe('the Bot Framework authentication options', () => {
  it('are the installed SDK’s public-cloud endpoints', () => {
    for (const [key, value] of Object.entries(PUBLIC_CLOUD)) expect([key, value]).toEqual([key, AuthenticationConstants[key]]);
  });

  it('are the app settings alone by default (botbuilder then uses the public cloud), and nothing without an app id', () => {
    expect(authenticationOptions(APP)).toEqual({ MicrosoftAppId: APP.appId, MicrosoftAppPassword: 'secret', MicrosoftAppTenantId: undefined, MicrosoftAppType: 'MultiTenant' });
    expect(authenticationOptions({ appType: 'MultiTenant', openIdMetadataUrl: 'http://127.0.0.1:1/x' })).toEqual({});
  });

  it('with a metadata URL, take every inbound key source from it and keep the rest of the public cloud', () => {
    const url = 'http://127.0.0.1:4567/v1/.well-known/openidconfiguration';
    expect(authenticationOptions({ ...APP, openIdMetadataUrl: url })).toEqual({
      MicrosoftAppId: APP.appId,
      MicrosoftAppPassword: 'secret',
      MicrosoftAppTenantId: undefined,
      MicrosoftAppType: 'MultiTenant',
      ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
      ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
      ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
      OAuthUrl: AuthenticationConstants.OAuthUrl,
      ToBotFromChannelOpenIdMetadataUrl: url,
      ToBotFromEmulatorOpenIdMetadataUrl: url,
      CallerId: CallerIdConstants.PublicAzureChannel,
      ValidateAuthority: true,
    });
  });
});

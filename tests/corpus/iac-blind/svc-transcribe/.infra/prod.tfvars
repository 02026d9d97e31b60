env                  = "prod"
model_slug           = "claude-sonnet-4-5"
bedrock_model_source = "arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-sonnet-4-5-20250929-v1:0"

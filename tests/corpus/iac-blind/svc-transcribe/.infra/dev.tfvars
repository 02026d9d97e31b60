env                  = "dev"
model_slug           = "claude-haiku-4-5"
bedrock_model_source = "arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-haiku-4-5-20251001-v1:0"
fallback_model_id    = "eu.anthropic.claude-haiku-4-5-20251001-v1:0"

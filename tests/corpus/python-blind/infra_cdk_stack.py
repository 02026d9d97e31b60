"""CDK stack: Bedrock agent, knowledge-base data source, application inference profile, Lambda."""

from aws_cdk import Aws, Duration, Stack
from aws_cdk import aws_bedrock as bedrock
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as _lambda
from constructs import Construct


class AssistantStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)

        # Embedding model for the knowledge base
        embedding_model_arn = f"arn:aws:bedrock:{Aws.REGION}::foundation-model/amazon.titan-embed-text-v2:0"
        # Foundation model used as document parser
        parsing_model_arn = f"arn:aws:bedrock:{Aws.REGION}::foundation-model/anthropic.claude-3-sonnet-20240229-v1:0"  # expect: BRL101

        haiku = bedrock.FoundationModel.from_foundation_model_id(
            self, "Haiku", bedrock.FoundationModelIdentifier.ANTHROPIC_CLAUDE_3_HAIKU_20240307_V1_0
        )

        profile = bedrock.CfnApplicationInferenceProfile(
            self,
            "AssistantProfile",
            inference_profile_name="assistant-prod",
            model_source=bedrock.CfnApplicationInferenceProfile.InferenceProfileModelSourceProperty(
                copy_from=f"arn:aws:bedrock:{Aws.REGION}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
            ),
            tags=[{"key": "CostCenter", "value": "assistant"}],
        )

        role = iam.Role(self, "AgentRole", assumed_by=iam.ServicePrincipal("bedrock.amazonaws.com"))
        role.add_to_policy(
            iam.PolicyStatement(
                actions=["bedrock:InvokeModel"],
                resources=[
                    haiku.model_arn,
                    "arn:aws:bedrock:*::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
                    profile.attr_inference_profile_arn,
                ],
            )
        )

        kb = bedrock.CfnKnowledgeBase(
            self,
            "KB",
            name="handbook",
            role_arn=role.role_arn,
            knowledge_base_configuration=bedrock.CfnKnowledgeBase.KnowledgeBaseConfigurationProperty(
                type="VECTOR",
                vector_knowledge_base_configuration=bedrock.CfnKnowledgeBase.VectorKnowledgeBaseConfigurationProperty(
                    embedding_model_arn=embedding_model_arn
                ),
            ),
            storage_configuration=bedrock.CfnKnowledgeBase.StorageConfigurationProperty(type="OPENSEARCH_SERVERLESS"),
        )

        bedrock.CfnDataSource(
            self,
            "Docs",
            knowledge_base_id=kb.attr_knowledge_base_id,
            name="docs",
            data_source_configuration=bedrock.CfnDataSource.DataSourceConfigurationProperty(type="S3"),
            vector_ingestion_configuration=bedrock.CfnDataSource.VectorIngestionConfigurationProperty(
                parsing_configuration=bedrock.CfnDataSource.ParsingConfigurationProperty(
                    parsing_strategy="BEDROCK_FOUNDATION_MODEL",
                    bedrock_foundation_model_configuration=bedrock.CfnDataSource.BedrockFoundationModelConfigurationProperty(
                        model_arn=parsing_model_arn
                    ),
                )
            ),
        )

        bedrock.CfnAgent(
            self,
            "Agent",
            agent_name="handbook-agent",
            agent_resource_role_arn=role.role_arn,
            foundation_model="anthropic.claude-3-haiku-20240307-v1:0",  # expect: BRL101
            instruction="Answer questions about the employee handbook.",
        )

        _lambda.Function(
            self,
            "ChatFn",
            runtime=_lambda.Runtime.PYTHON_3_12,
            handler="app.handler",
            code=_lambda.Code.from_asset("lambda"),
            timeout=Duration.seconds(60),
            environment={
                "BEDROCK_INFERENCE_PROFILE_ARN": profile.attr_inference_profile_arn,
                "FALLBACK_MODEL_ID": "amazon.nova-lite-v1:0",  # expect: BRL101
                "LOG_LEVEL": "INFO",
            },
        )

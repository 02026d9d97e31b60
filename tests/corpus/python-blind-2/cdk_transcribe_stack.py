"""CDK stack for the meeting-notes pipeline: bucket, Lambda and least-privilege IAM.

The model ID is deployed into the Lambda environment; IAM needs both the system
profile ARN and the foundation-model ARNs in every destination region.
"""

from aws_cdk import CfnOutput, Duration, RemovalPolicy, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as _lambda
from aws_cdk import aws_s3 as s3
from constructs import Construct

# New Claude models are profile-only; keep data in Japan with the jp. system profile.
_DEFAULT_BEDROCK_MODEL_ID = "jp.anthropic.claude-opus-4-8"  # expect: BRL102
# The foundation model behind that profile and the regions it routes to (IAM only).
_BEDROCK_FOUNDATION_MODEL = "anthropic.claude-opus-4-8"
_BEDROCK_PROFILE_REGIONS = ("ap-northeast-1", "ap-northeast-3")
_LIFECYCLE_EXPIRATION_DAYS = 7


class MeetingNotesStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)

        model_id = self.node.try_get_context("bedrockModelId") or _DEFAULT_BEDROCK_MODEL_ID

        bucket = s3.Bucket(
            self,
            "ProcessingBucket",
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            lifecycle_rules=[s3.LifecycleRule(expiration=Duration.days(_LIFECYCLE_EXPIRATION_DAYS))],
            removal_policy=RemovalPolicy.DESTROY,
            auto_delete_objects=True,
        )

        fn = _lambda.Function(
            self,
            "Summarise",
            runtime=_lambda.Runtime.PYTHON_3_12,
            handler="app.handler",
            code=_lambda.Code.from_asset("lambda/summarise"),
            timeout=Duration.minutes(5),
            environment={"BUCKET": bucket.bucket_name, "BEDROCK_MODEL_ID": model_id},
        )
        bucket.grant_read_write(fn)

        fn.add_to_role_policy(
            iam.PolicyStatement(
                actions=["transcribe:StartTranscriptionJob", "transcribe:GetTranscriptionJob"],
                resources=["*"],
            )
        )
        fn.add_to_role_policy(
            iam.PolicyStatement(
                actions=["bedrock:InvokeModel"],
                resources=[
                    f"arn:aws:bedrock:{self.region}:{self.account}:inference-profile/{model_id}",
                    *(
                        f"arn:aws:bedrock:{region}::foundation-model/{_BEDROCK_FOUNDATION_MODEL}"
                        for region in _BEDROCK_PROFILE_REGIONS
                    ),
                ],
            )
        )

        CfnOutput(self, "BucketName", value=bucket.bucket_name)
        CfnOutput(self, "BedrockModelId", value=model_id, description="copied into the .env of the CLI")
